"""gapbot core: questions about the open-weights vs proprietary gap, answered from ingested leaderboard rows.

Nothing in this package imports discord; the bot and the CLI are thin edges over it.
"""

__version__ = "0.1.0"
