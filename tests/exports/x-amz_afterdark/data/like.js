window.YTD.like.part0 = [
  {
    "like": {
      "tweetId": "1700000000000000009",
      "fullText": "immigrants are the problem, send them all back",
      "expandedUrl": "https://twitter.com/i/web/status/1700000000000000009"
    }
  },
  {
    "like": {
      "tweetId": "1700000000000000010",
      "fullText": "Lovely sunset over the Dales tonight",
      "expandedUrl": "https://twitter.com/i/web/status/1700000000000000010"
    }
  }
]
