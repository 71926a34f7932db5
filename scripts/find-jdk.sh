# Finds a JDK 25 or newer and exports JAVA_HOME and PATH for it. Source it:  . scripts/find-jdk.sh || exit 1
# Looks at $JAVA_HOME, then `java` on PATH, then the newest JDK in the usual install directories.
# Also adds --sun-misc-unsafe-memory-access=allow to MAVEN_OPTS, which silences Maven's own warnings on JDK 25.

nabla_min_jdk=25

# Prints the major version of the given java binary (8 for "1.8.0_392", 25 for "25.0.1" or "25-ea").
nabla_java_major() {
    local version
    version=$("$1" -version 2>&1 | sed -n 's/^[^"]*"\([^"]*\)".*/\1/p' | head -n 1) || return 1
    case "$version" in
        1.*) version=${version#1.} ;;
    esac
    version=${version%%[.+-]*}
    [[ $version =~ ^[0-9]+$ ]] && echo "$version"
}

nabla_find_jdk() {
    local major java_bin dir best="" best_major=0
    if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
        major=$(nabla_java_major "$JAVA_HOME/bin/java") || major=0
        if (( major >= nabla_min_jdk )); then best=$JAVA_HOME; fi
    fi
    if [[ -z $best ]] && java_bin=$(command -v java); then
        major=$(nabla_java_major "$java_bin") || major=0
        if (( major >= nabla_min_jdk )); then
            best=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p')
        fi
    fi
    if [[ -z $best ]]; then
        for dir in /usr/lib/jvm/* /opt/java/* /opt/*jdk* "${HOME:-}"/.sdkman/candidates/java/* \
                   /Library/Java/JavaVirtualMachines/*/Contents/Home; do
            [[ -x $dir/bin/java && -x $dir/bin/javac ]] || continue
            major=$(nabla_java_major "$dir/bin/java") || continue
            if (( major >= nabla_min_jdk && major > best_major )); then best=$dir; best_major=$major; fi
        done
    fi
    if [[ -z $best ]]; then
        echo "Nabla needs JDK $nabla_min_jdk or newer; none found in \$JAVA_HOME (${JAVA_HOME:-unset}), on PATH, or in" \
             "/usr/lib/jvm, /opt/java, /opt/*jdk*, ~/.sdkman/candidates/java, /Library/Java/JavaVirtualMachines;" \
             "install Temurin $nabla_min_jdk or set JAVA_HOME" >&2
        return 1
    fi
    export JAVA_HOME=$best
    export PATH="$JAVA_HOME/bin:$PATH"
    case " ${MAVEN_OPTS:-} " in
        *" --sun-misc-unsafe-memory-access=allow "*) ;;
        *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
    esac
}

nabla_find_jdk || { return 1 2>/dev/null || exit 1; }
