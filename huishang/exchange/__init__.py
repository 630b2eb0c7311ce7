"""Spreadsheets in and out: the 台账 an office keeps in Excel or WPS, read into the ledger
(`import`), and the ledger written back as a workbook (`export --xlsx`)."""
