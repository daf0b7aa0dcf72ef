window.YTD.dmConversations.part0 = []
