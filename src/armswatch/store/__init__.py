"""armswatch.store"""
