# switchrole's shell function for bash: `switchrole use` changes this shell's credentials.
# Added by `eval "$(switchrole init bash)"`; every other command goes to the program itself.
__switchrole_vars='@VARS@'

switchrole() {
  if [[ ${1-} == use ]]; then
    shift
    __switchrole_use "$@"
  else
    command switchrole "$@"
  fi
}

__switchrole_use() {
  local out status
  if [[ ${1-} == --off && $# -eq 1 ]]; then
    # Only what `use` changed is put back; a shell it never switched is left alone.
    if [[ -z ${__switchrole_saved+set} ]]; then
      SWITCHROLE_SHELL_FUNCTION=bash:unswitched command switchrole use --off
      return
    fi
    SWITCHROLE_SHELL_FUNCTION=bash command switchrole use --off
    __switchrole_restore
    return 0
  fi
  # The keys come back on stdout into this variable and are evaluated here: no file, no argv.
  out=$(SWITCHROLE_SHELL_FUNCTION=bash SWITCHROLE_SHELL_PID=$$ command switchrole use "$@")
  status=$?
  if [[ $status -ne 0 ]]; then
    return $status
  fi
  if [[ $out != '# switchrole use'* ]]; then
    # Help or a version: shown, never evaluated.
    [[ -z $out ]] || printf '%s\n' "$out"
    return 0
  fi
  __switchrole_remember
  eval "$out"
}

# What the shell had before its first `switchrole use`, as code that puts it back.
__switchrole_remember() {
  [[ -n ${__switchrole_saved+set} ]] && return 0
  local name value flags saved=':;'
  for name in $__switchrole_vars; do
    if [[ -n ${!name+set} ]]; then
      printf -v value '%q' "${!name}"
      flags=x
      if (( BASH_VERSINFO[0] > 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] >= 4) )); then
        flags=${!name@a}
      fi
      if [[ $flags == *x* ]]; then
        saved+="export $name=$value;"
      else
        saved+="$name=$value;"
      fi
    fi
  done
  __switchrole_saved=$saved
}

__switchrole_restore() {
  unset $__switchrole_vars
  eval "$__switchrole_saved"
  unset __switchrole_saved
  __switchrole_deadline
}

# NOW EXPIRES WARN_AT CLOCK (epoch seconds, and the expiry's local time), or nothing for keys
# that do not expire.
__switchrole_deadline() {
  unset __switchrole_expires __switchrole_warn_at __switchrole_clock __switchrole_told
  [[ $# -eq 4 ]] || return 0
  __switchrole_offset=$(( $1 - SECONDS ))
  __switchrole_expires=$2
  __switchrole_warn_at=$3
  __switchrole_clock=$4
}

# At each prompt: arithmetic on the shell's own clock, never a process.
__switchrole_hook() {
  local status=$? now
  if [[ -n ${__switchrole_expires-} && ${__switchrole_told-} != expired ]]; then
    now=${EPOCHSECONDS:-$(( SECONDS + __switchrole_offset ))}
    if (( now >= __switchrole_expires )); then
      __switchrole_told=expired
      printf 'switchrole: %s credentials have expired (%s)\n' "$SWITCHROLE_PROFILE" "$__switchrole_clock" >&2
    elif (( now >= __switchrole_warn_at )) && [[ -z ${__switchrole_told-} ]]; then
      __switchrole_told=warned
      printf 'switchrole: %s expires in %sm (%s)\n' "$SWITCHROLE_PROFILE" \
        $(( (__switchrole_expires - now + 59) / 60 )) "$__switchrole_clock" >&2
    fi
  fi
  return $status
}

if [[ ";${PROMPT_COMMAND-};" != *';__switchrole_hook;'* ]]; then
  PROMPT_COMMAND="__switchrole_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
fi
