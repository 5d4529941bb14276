"""Statistics and reports (统计与报告): the figures the regulations ask for, counted from the database."""
