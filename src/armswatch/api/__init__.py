"""armswatch.api"""
