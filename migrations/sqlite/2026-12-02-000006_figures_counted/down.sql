DROP TABLE code_counts;
DROP TABLE check_counts_zone;
DROP TABLE check_counts;
