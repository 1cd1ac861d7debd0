"""Korean date formats where Django's differ from how Korean products write them: the time of day
comes before the time (오후 3:05), as in Django's own Korean TIME_FORMAT ("A g:i")."""

DATETIME_FORMAT = "Y년 n월 j일 A g:i"
SHORT_DATETIME_FORMAT = "Y. n. j. H:i"
SHORT_DATE_FORMAT = "Y. n. j."
