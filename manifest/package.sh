#!/usr/bin/env bash
# Builds the Teams app package: manifest.json (placeholders filled), color.png and outline.png, zipped.
#
#   manifest/package.sh [-o OUTPUT.zip]        default output: manifest/appPackage.zip
#
# Values come from the environment, else from `azd env get-values` (after `azd provision`):
#   BOT_ID                 the bot's app id (azd output; the managed identity's client id with UserAssignedMSI)
#   BOT_DOMAIN             the bot's host name, e.g. app-aimsbot-xyz.azurewebsites.net (azd output)
#   TEAMS_APP_ID           the Teams app id (a GUID); default: BOT_ID
#   DEVELOPER_NAME         default: AimsBot
#   DEVELOPER_WEBSITE_URL, PRIVACY_URL, TERMS_OF_USE_URL   https URLs; default: https://BOT_DOMAIN
#
# Nothing is written unless every value is valid. When the repo's npm packages are installed, the filled
# manifest is also checked against its JSON schema before it is zipped.
set -Eeuo pipefail

here="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
root="$(dirname -- "$here")"
out="$here/appPackage.zip"

fail() {
  printf 'package.sh: %s\n' "$*" >&2
  exit 1
}

while (($# > 0)); do
  case "$1" in
    -o | --output)
      [[ $# -ge 2 && -n $2 ]] || fail "$1 needs a file name"
      out=$2
      shift 2
      ;;
    -h | --help)
      sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) fail "unknown argument: $1 (see --help)" ;;
  esac
done

names=(BOT_ID BOT_DOMAIN TEAMS_APP_ID DEVELOPER_NAME DEVELOPER_WEBSITE_URL PRIVACY_URL TERMS_OF_USE_URL)

# Fill what the environment lacks from the azd environment (KEY="value" lines; read, never evaluated).
missing=0
for n in BOT_ID BOT_DOMAIN; do [[ -n ${!n:-} ]] || missing=1; done
if ((missing)) && command -v azd >/dev/null 2>&1; then
  if azd_values=$(azd env get-values 2>/dev/null); then
    while IFS= read -r line; do
      if [[ $line =~ ^([A-Z0-9_]+)=\"(.*)\"$ ]]; then
        key=${BASH_REMATCH[1]} value=${BASH_REMATCH[2]}
        for n in "${names[@]}"; do
          if [[ $key == "$n" && -z ${!n:-} ]]; then printf -v "$n" '%s' "$value"; fi
        done
      fi
    done <<<"$azd_values"
  fi
fi

guid='^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$'
BOT_ID=${BOT_ID:-}
BOT_DOMAIN=${BOT_DOMAIN:-}
[[ -n $BOT_ID ]] || fail "BOT_ID is not set: export it, or run \`azd provision\` first so that \`azd env get-values\` has it"
[[ $BOT_ID =~ $guid ]] || fail "BOT_ID must be a GUID (the bot's app id), not '$BOT_ID'"
[[ -n $BOT_DOMAIN ]] || fail "BOT_DOMAIN is not set: export it (the bot's host name), or run \`azd provision\` first"
# Accept https://host/ as well as host.
BOT_DOMAIN=${BOT_DOMAIN#https://}
BOT_DOMAIN=${BOT_DOMAIN%%/*}
[[ $BOT_DOMAIN =~ ^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$ ]] ||
  fail "BOT_DOMAIN must be a host name such as app-aimsbot-xyz.azurewebsites.net, not '$BOT_DOMAIN'"
TEAMS_APP_ID=${TEAMS_APP_ID:-$BOT_ID}
[[ $TEAMS_APP_ID =~ $guid ]] || fail "TEAMS_APP_ID must be a GUID, not '$TEAMS_APP_ID'"
DEVELOPER_NAME=${DEVELOPER_NAME:-AimsBot}
[[ $DEVELOPER_NAME =~ ^[A-Za-z0-9][A-Za-z0-9\ .,\&()-]{0,31}$ ]] ||
  fail "DEVELOPER_NAME must be 1 to 32 letters, digits, spaces or .,&()- (got '$DEVELOPER_NAME')"
for n in DEVELOPER_WEBSITE_URL PRIVACY_URL TERMS_OF_USE_URL; do
  [[ -n ${!n:-} ]] || printf -v "$n" '%s' "https://$BOT_DOMAIN"
  [[ ${!n} =~ ^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~%/?=\&+-]*)?$ ]] ||
    fail "$n must be an https URL without quotes or spaces (got '${!n}')"
done

manifest=$(<"$here/manifest.json")
for n in "${names[@]}"; do
  manifest=${manifest//"\${{$n}}"/${!n}}
done
if [[ $manifest =~ \$\{\{([A-Za-z0-9_]+)\}\} ]]; then
  fail "manifest.json has a placeholder this script does not fill: \${{${BASH_REMATCH[1]}}}"
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/aimsbot-package.XXXXXX")
trap 'rm -rf -- "$stage"' EXIT
printf '%s\n' "$manifest" >"$stage/manifest.json"
cp "$here/color.png" "$here/outline.png" "$stage/"

validator="$root/tests/e2e/lib/validate-manifest.mjs"
if command -v node >/dev/null 2>&1 && [[ -d $root/node_modules/@microsoft/app-manifest && -f $validator ]]; then
  node "$validator" "$stage/manifest.json" >&2 || fail "the filled manifest does not match its schema (see above); nothing written"
else
  printf 'package.sh: note: npm packages not installed (npm ci), so the manifest was not schema-checked\n' >&2
fi

mkdir -p "$(dirname -- "$out")"
out="$(cd -- "$(dirname -- "$out")" && pwd -P)/$(basename -- "$out")"
tmp_zip="$stage/appPackage.zip"
if command -v zip >/dev/null 2>&1; then
  (cd "$stage" && zip -q -X "$tmp_zip" manifest.json color.png outline.png)
elif command -v python3 >/dev/null 2>&1; then
  (cd "$stage" && python3 -m zipfile -c "$tmp_zip" manifest.json color.png outline.png)
else
  fail "need zip or python3 to write the package"
fi
mv -f "$tmp_zip" "$out"
printf 'Wrote %s (Teams app id %s, bot %s at %s)\n' "$out" "$TEAMS_APP_ID" "$BOT_ID" "$BOT_DOMAIN"
