window.YTD.account.part0 = [
  {
    "account": {
      "email": "amz.party@example.net",
      "createdVia": "web",
      "username": "amz_afterdark",
      "accountId": "1500000000000000001",
      "createdAt": "2019-09-01T20:11:02.000Z",
      "accountDisplayName": "Amara 🌙"
    }
  }
]
