"""Run the model on another engine: the same Ibis rules over PySpark, reading a Parquet export.

    moneytrail export parquet store-pq/
    moneytrail --engine spark race CA-34 --parquet store-pq/      (see cli/base.py)

Spark runs in local mode here (``local[2]``); point ``master`` at a cluster to scale out. The
tables are registered as views over the export's folders (partition discovery gives ``cycle``).
"""

from __future__ import annotations

from pathlib import Path

import ibis

from ..errors import MoneytrailError
from ..sources.identify import MANIFEST, is_export
from .base import Model


def spark_session(master: str = "local[2]", app: str = "moneytrail"):
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise MoneytrailError("the Spark engine needs pyspark (pip install pyspark) and Java 17") from exc
    return (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def spark_model(parquet_dir: str | Path, session=None) -> Model:
    """A Model whose tables are Spark views over a moneytrail Parquet export."""
    folder = Path(parquet_dir)
    if not is_export(folder):
        raise MoneytrailError(f"{folder}: not a moneytrail Parquet export (no {MANIFEST}); "
                              "write one with: moneytrail export parquet DIR")
    session = session or spark_session()
    for table_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        df = session.read.option("basePath", str(table_dir)).parquet(str(table_dir))
        if "cycle" in df.columns:  # partition discovery reads it as int; the store's type is smallint
            df = df.withColumn("cycle", df["cycle"].cast("smallint"))
        df.createOrReplaceTempView(table_dir.name)
    return Model(backend=ibis.pyspark.connect(session))
