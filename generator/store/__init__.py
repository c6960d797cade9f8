"""The data/ store: plain, append-only CSV files partitioned by month."""
