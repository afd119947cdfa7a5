"""Project commands for ``scrapy`` (COMMANDS_MODULE): they override the built-ins of that name."""
