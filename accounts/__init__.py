"""Accounts: signing up. Logging in and out are django.contrib.auth's own views.

A package, not an installed app: it has no models, and its page lives beside the login pages in
templates/registration/.
"""
