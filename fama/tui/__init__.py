"""The Textual interface. Screens ask the casebook; they never touch the store."""
