"""The one facade the UI calls: learners, quizzes, cases, classes, refresher and reports."""
