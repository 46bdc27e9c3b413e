"""armswatch.batch: run extraction over news archives in parallel (process pool or Dask) into Parquet.

Library entry points: :func:`armswatch.batch.runner.run_batch` (``armswatch batch``) and
:func:`armswatch.batch.load.load_batch` (``armswatch load``). Nothing heavy is imported here.
"""
