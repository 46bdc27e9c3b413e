"""armswatch.web"""
