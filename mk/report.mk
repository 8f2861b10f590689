# The insights report for the pharmacy team (insights/, docs/report.md): one self-contained HTML page from the
# tracker store of endpoints.yml.  make report [SINCE=2026-01-01] [UNTIL=2026-01-31] [OUT=file.html] [REPORT_ARGS=--show-text]
# bench-report: one million generated events reported, time and peak memory printed (not part of make test).
.PHONY: report bench-report report-screenshot

REPORT_FLAGS = $(if $(SINCE),--since $(SINCE)) $(if $(UNTIL),--until $(UNTIL)) $(if $(OUT),--out $(OUT)) $(REPORT_ARGS)

report: $(BIN)/.installed
	$(BIN)/python scripts/report.py $(strip $(REPORT_FLAGS))

bench-report: $(BIN)/.installed
	$(BIN)/python bench/report_bench.py $(BENCH_ARGS)

# The README's picture of the report, taken again from a generated month (the tests keep theirs in results/).
report-screenshot: $(BIN)/.installed
	UPDATE_SCREENSHOTS=1 $(BIN)/pytest -q tests/insights/test_report_e2e.py -k screenshot
