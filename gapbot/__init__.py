"""gapbot core: questions about the open-weights vs proprietary gap, answered from the leaderboard rows that were
ingested.

Nothing in this package imports discord, the bot or the ingest; the bot and the CLI (gapbot_cli) are thin edges
over it.
"""

__version__ = "0.1.0"
