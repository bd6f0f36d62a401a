# Sourced by scripts/bench-*: prints one machine-readable figure line, collected by scripts/bench:
#   figure <TAB> name <TAB> measured (with unit) <TAB> target <TAB> peer figure and ratio, or - <TAB> peak RSS, or -
figure() {
  printf 'figure\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "${3:--}" "${4:--}" "${5:--}"
}
# kB (as /usr/bin/time %M prints it) to "N MiB".
mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }
