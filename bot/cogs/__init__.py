"""The bot's cogs, each loaded as an extension (`bot.load_extension("bot.cogs.ask")`)."""
