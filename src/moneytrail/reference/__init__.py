"""Leaf data every layer may read: states, nicknames. Imports nothing of moneytrail."""
