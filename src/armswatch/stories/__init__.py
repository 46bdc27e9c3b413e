"""armswatch.stories"""
