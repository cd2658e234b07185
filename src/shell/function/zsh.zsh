# switchrole's shell function for zsh: `switchrole use` changes this shell's credentials.
# Added by `eval "$(switchrole init zsh)"`; every other command goes to the program itself.
zmodload zsh/datetime zsh/parameter 2>/dev/null
typeset -g __switchrole_vars='@VARS@'

switchrole() {
  if [[ ${1-} == use ]]; then
    shift
    __switchrole_use "$@"
  else
    command switchrole "$@"
  fi
}

__switchrole_use() {
  local out code
  if [[ ${1-} == --off && $# -eq 1 ]]; then
    # Only what `use` changed is put back; a shell it never switched is left alone.
    if (( ! ${+__switchrole_saved} )); then
      SWITCHROLE_SHELL_FUNCTION=zsh:unswitched command switchrole use --off
      return
    fi
    SWITCHROLE_SHELL_FUNCTION=zsh command switchrole use --off
    __switchrole_restore
    return 0
  fi
  # The keys come back on stdout into this variable and are evaluated here: no file, no argv.
  out=$(SWITCHROLE_SHELL_FUNCTION=zsh SWITCHROLE_SHELL_PID=$$ command switchrole use "$@")
  code=$?
  (( code == 0 )) || return $code
  if [[ $out != '# switchrole use'* ]]; then
    # Help or a version: shown, never evaluated.
    [[ -z $out ]] || print -r -- "$out"
    return 0
  fi
  __switchrole_remember
  eval "$out"
}

# What the shell had before its first `switchrole use`, as code that puts it back.
__switchrole_remember() {
  (( ${+__switchrole_saved} )) && return 0
  local name saved=':;'
  for name in ${=__switchrole_vars}; do
    (( ${+parameters[$name]} )) || continue
    if [[ ${parameters[$name]} == *export* ]]; then
      saved+="export $name=${(qq)${(P)name}};"
    else
      saved+="typeset -g $name=${(qq)${(P)name}};"
    fi
  done
  typeset -g __switchrole_saved=$saved
}

__switchrole_restore() {
  unset ${=__switchrole_vars}
  eval "$__switchrole_saved"
  unset __switchrole_saved
  __switchrole_deadline
}

# NOW EXPIRES WARN_AT CLOCK (epoch seconds, and the expiry's local time), or nothing for keys
# that do not expire.
__switchrole_deadline() {
  unset __switchrole_expires __switchrole_warn_at __switchrole_clock __switchrole_told
  (( $# == 4 )) || return 0
  typeset -g __switchrole_expires=$2 __switchrole_warn_at=$3 __switchrole_clock=$4
  typeset -g __switchrole_told=
}

# At each prompt: arithmetic on the shell's own clock (zsh/datetime), never a process.
__switchrole_hook() {
  [[ -n ${__switchrole_expires-} && $__switchrole_told != expired ]] || return 0
  local now=$EPOCHSECONDS
  if (( now >= __switchrole_expires )); then
    __switchrole_told=expired
    print -u2 -r -- "switchrole: $SWITCHROLE_PROFILE credentials have expired ($__switchrole_clock)"
  elif (( now >= __switchrole_warn_at )) && [[ -z $__switchrole_told ]]; then
    __switchrole_told=warned
    print -u2 -r -- "switchrole: $SWITCHROLE_PROFILE expires in $(( (__switchrole_expires - now + 59) / 60 ))m ($__switchrole_clock)"
  fi
}

autoload -Uz add-zsh-hook
add-zsh-hook precmd __switchrole_hook
