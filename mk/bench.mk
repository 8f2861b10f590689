# `make bench`: this assistant vs stock Rasa (rasa init default config) on the same domain and data, same machine,
# same run. Trains both from scratch, starts both, prints the side-by-side table; writes bench/results.json and
# bench/latency.png. Over 45 minutes on 2 cores since the intent writers' examples (stock Rasa alone trains for over 30);
# not part of `make test`. BENCH_ARGS=--quick for a smoke run; BENCH_ARGS=--project-only for this assistant's own
# figures without stock Rasa (bench/results_project.json).
.PHONY: bench

bench: $(BIN)/.installed
	$(BIN)/python bench/run_bench.py $(BENCH_ARGS)
