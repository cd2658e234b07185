# switchrole's shell function for fish: `switchrole use` changes this shell's credentials.
# Added by `switchrole init fish | source`; every other command goes to the program itself.
set -g __switchrole_vars @VARS@

function switchrole --description 'switchrole; `switchrole use` switches this shell'
    if test "$argv[1]" = use
        __switchrole_use $argv[2..-1]
    else
        command switchrole $argv
    end
end

function __switchrole_use
    if test "$argv" = --off
        # Only what `use` changed is put back; a shell it never switched is left alone.
        if not set -q __switchrole_saved
            SWITCHROLE_SHELL_FUNCTION=fish:unswitched command switchrole use --off
            return
        end
        SWITCHROLE_SHELL_FUNCTION=fish command switchrole use --off
        __switchrole_restore
        return 0
    end
    # The keys come back on stdout into this variable and are sourced here: no file, no argv.
    set -l out (SWITCHROLE_SHELL_FUNCTION=fish SWITCHROLE_SHELL_PID=$fish_pid command switchrole use $argv)
    set -l code $status
    test $code -eq 0; or return $code
    if test "$out[1]" != '# switchrole use'
        # Help or a version: shown, never sourced.
        printf '%s\n' $out
        return 0
    end
    __switchrole_remember
    string join \n -- $out | source
end

# What the shell had before its first `switchrole use`, as commands that put it back.
function __switchrole_remember
    set -q __switchrole_saved; and return 0
    set -g __switchrole_saved true
    for name in $__switchrole_vars
        set -q $name; or continue
        set -l scope -g
        set -qx $name; and set scope -gx
        set -a __switchrole_saved "set $scope $name "(string escape -- $$name | string join ' ')
    end
end

function __switchrole_restore
    set -e $__switchrole_vars
    for line in $__switchrole_saved
        eval $line
    end
    set -e __switchrole_saved
    __switchrole_deadline
end

# The shell's clock in epoch seconds: the kernel's uptime (read by a builtin, no process)
# plus the offset taken at `switchrole use`; `date` where there is no /proc.
function __switchrole_now
    if test -r /proc/uptime
        read -l up _ </proc/uptime
        math "floor($up) + $__switchrole_offset"
    else
        date +%s
    end
end

# NOW EXPIRES WARN_AT CLOCK (epoch seconds, and the expiry's local time), or nothing for keys
# that do not expire.
function __switchrole_deadline
    set -e __switchrole_expires __switchrole_warn_at __switchrole_clock __switchrole_told
    test (count $argv) -eq 4; or return 0
    set -g __switchrole_offset 0
    if test -r /proc/uptime
        read -l up _ </proc/uptime
        set -g __switchrole_offset (math "$argv[1] - floor($up)")
    end
    set -g __switchrole_expires $argv[2]
    set -g __switchrole_warn_at $argv[3]
    set -g __switchrole_clock $argv[4]
    set -g __switchrole_told
end

# At each prompt: only while a warning is still to be said, and without a process on Linux.
function __switchrole_hook --on-event fish_prompt
    set -q __switchrole_expires; or return 0
    test "$__switchrole_told" = expired; and return 0
    set -l now (__switchrole_now)
    if test $now -ge $__switchrole_expires
        set -g __switchrole_told expired
        echo "switchrole: $SWITCHROLE_PROFILE credentials have expired ($__switchrole_clock)" >&2
    else if test $now -ge $__switchrole_warn_at; and test -z "$__switchrole_told"
        set -g __switchrole_told warned
        set -l minutes (math --scale=0 "($__switchrole_expires - $now + 59) / 60")
        echo "switchrole: $SWITCHROLE_PROFILE expires in "$minutes"m ($__switchrole_clock)" >&2
    end
end
