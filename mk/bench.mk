# `make bench`: this assistant vs stock Rasa (rasa init default config) on the same domain and data, same machine,
# same run. Trains both from scratch, starts both, prints the side-by-side table; writes bench/results.json and
# bench/latency.png. About 10-15 minutes on 2 cores; not part of `make test`. BENCH_ARGS=--quick for a smoke run.
.PHONY: bench

bench: $(BIN)/.installed
	$(BIN)/python bench/run_bench.py $(BENCH_ARGS)
