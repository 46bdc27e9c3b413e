"""armswatch.batch"""
