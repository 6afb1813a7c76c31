#!/usr/bin/env bash
# Records the public API of every module that publishes one, as it is in this tree, as the baseline of the
# API-compatibility check: api/baseline/<artifactId>-<version>.jar. `mvn verify` (japicmp, in each module whose pom lists
# japicmp-maven-plugin) then fails on a binary-incompatible change to that module's public package since the baseline;
# additions pass. Run it on the commit of a release and commit api/baseline/ with it:
#   bash scripts/record-api-baseline.sh          # the version in pom.xml's api.baseline.version (re-records it)
#   bash scripts/record-api-baseline.sh 1.0.0    # a new release: also sets api.baseline.version and drops the old jars
set -euo pipefail
cd "$(dirname "$0")/.."

current=$(sed -n 's:.*<api.baseline.version>\(.*\)</api.baseline.version>.*:\1:p' pom.xml)
version=${1:-$current}
[ -n "$version" ] || { echo "no api.baseline.version in pom.xml and no version given" >&2; exit 2; }

# The modules with the check, and their artifact ids.
modules=()
for pom in */pom.xml */*/pom.xml; do
  grep -q '<artifactId>japicmp-maven-plugin</artifactId>' "$pom" && modules+=("$(dirname "$pom")")
done
[ ${#modules[@]} -gt 0 ] || { echo "no module lists japicmp-maven-plugin" >&2; exit 2; }
list=$(IFS=,; echo "${modules[*]}")
# Quarkus's extension descriptor of the runtime module is built from the deployment module: build both.
[[ ",$list," == *,quarkus-extension/runtime,* ]] && list="$list,quarkus-extension/deployment"

echo "Building ${list} ..." >&2
mvn -B -ntp -q package -DskipTests -Djapicmp.skip=true -Dspotless.check.skip=true -Dmaven.antrun.skip=true \
  -pl "$list" -am

mkdir -p api/baseline
if [ "$version" != "$current" ]; then
  rm -f api/baseline/*-"${current}".jar
  sed -i "s:<api.baseline.version>${current}</api.baseline.version>:<api.baseline.version>${version}</api.baseline.version>:" pom.xml
fi
for module in "${modules[@]}"; do
  artifact=$(sed -n '/<\/parent>/,$p' "$module/pom.xml" | sed -n 's:^  <artifactId>\(.*\)</artifactId>.*:\1:p' | head -n 1)
  jar=$(ls "$module"/target/"$artifact"-*.jar | grep -vE -- '-(sources|javadoc|tests)\.jar$' | head -n 1)
  # Only the classes of the public package (not its sub-packages): what the check compares, a fraction of the jar.
  package=$(sed -n 's:.*<api.package>\(.*\)</api.package>.*:\1:p' "$module/pom.xml" | head -n 1)
  dir=${package//.//}
  work=$(mktemp -d)
  mapfile -t classes < <(jar --list --file "$jar" | grep -E "^${dir}/[^/]+\.class$")
  [ ${#classes[@]} -gt 0 ] || { echo "$jar has no class in $package" >&2; exit 1; }
  (cd "$work" && jar --extract --file "$OLDPWD/$jar" "${classes[@]}")
  baseline="api/baseline/${artifact}-${version}.jar"
  rm -f "$baseline"
  jar --create --no-manifest --file "$baseline" -C "$work" .
  rm -rf "$work"
  echo "$baseline: ${#classes[@]} classes of $package from $jar ($(du -k "$baseline" | cut -f1) KB)"
done
echo "Now: git add -A api/baseline pom.xml && git commit" >&2
