"""The API's views: thin, like the screens' — validate, call one service, answer."""
