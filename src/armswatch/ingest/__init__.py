"""armswatch.ingest"""
