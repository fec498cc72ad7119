"""The meeting directory: importing meetings, locating them and matching them to a client."""
