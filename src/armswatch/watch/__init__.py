"""armswatch.watch"""
