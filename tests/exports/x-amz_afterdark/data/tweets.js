window.YTD.tweets.part0 = [
  {
    "tweet": {
      "id_str": "1800000000000000001",
      "created_at": "Fri Jun 14 22:41:07 +0000 2024",
      "full_text": "so hungover after last night's shots, 10/10 would get wasted again",
      "entities": {
        "hashtags": [],
        "user_mentions": []
      },
      "lang": "en",
      "favorite_count": "3",
      "retweet_count": "0"
    }
  },
  {
    "tweet": {
      "id_str": "1800000000000000002",
      "created_at": "Mon Sep 30 08:15:00 +0000 2024",
      "full_text": "my boss is a joke, honestly the worst company I have ever worked for",
      "in_reply_to_screen_name": "fictional_friend_02",
      "in_reply_to_status_id_str": "1799999999999999999",
      "entities": {}
    }
  },
  {
    "tweet": {
      "id_str": "1800000000000000003",
      "created_at": "Tue Oct 01 12:00:00 +0000 2024",
      "full_text": "RT @someone_else: born 1 June 1990, not me",
      "entities": {}
    }
  },
  {
    "tweet": {
      "id_str": "1800000000000000004",
      "created_at": "Sun Jun 02 09:00:00 +0000 2024",
      "full_text": "birthday is 2nd June and I'm spending it in Bradford where I grew up 🎂",
      "entities": {}
    }
  }
]
