"""Course building: solutions/ → lessons/ → the book and the students' release (and the audit of the tests)."""
