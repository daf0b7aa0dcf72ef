window.YTD.profile.part0 = [
  {
    "profile": {
      "description": {
        "bio": "Leeds nights. Opinions my own.",
        "website": "",
        "location": "Leeds"
      },
      "avatarMediaUrl": "https://pbs.twimg.com/profile_images/1/avatar.jpg",
      "headerMediaUrl": ""
    }
  }
]
