"""Accounts: signing up, logging in with the account's language, the language switcher.

Logging out and the password pages are django.contrib.auth's own views; the pages live beside
the login pages in templates/registration/. The one model, Profile, keeps what an account needs
beyond contrib.auth's User: the language its owner chose.
"""
