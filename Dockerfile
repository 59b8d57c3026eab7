# Watchdog: a NativeAOT build with the .NET SDK, run on the runtime-deps image (no .NET runtime needed).
#
#   docker build -t watchdog .
#   docker run --rm -p 8080:8080 -v watchdog-data:/data \
#     -v "$PWD/appsettings.json:/app/appsettings.json:ro" watchdog
#
# /app is the WORKDIR and so the content root: Watchdog reads /app/appsettings.json, and relative
# paths in the configuration resolve against /app. `run --config FILE` instead replaces that file
# (it is not read at all); environment variables still override either.
#
# SDK_IMAGE and RUNTIME_IMAGE are arguments only so that an offline or mirrored build can point at
# other copies of the same images (deploy/README.md shows the buildah check that does this).
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0

# ---------------------------------------------------------------------------------------------
FROM ${SDK_IMAGE} AS build
WORKDIR /src
# The native compiler's toolchain: clang links, zlib is linked in.
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*

# Restore from the project files alone, so that editing source reuses the restore layer.
# A new project that Watchdog references must be added here too.
COPY src/Directory.Build.props src/BannedSymbols.txt src/
COPY src/Watchdog/Watchdog.csproj src/Watchdog/
COPY src/Watchdog.Core/Watchdog.Core.csproj src/Watchdog.Core/
COPY src/Watchdog.Integrations/Watchdog.Integrations.csproj src/Watchdog.Integrations/
RUN dotnet restore src/Watchdog/Watchdog.csproj -r linux-x64 -p:PublishAot=true --disable-build-servers

COPY appsettings.json ./
COPY src/ src/
# NativeAOT: one executable (plus SQLite's native library), no JIT, no runtime to install. The debug symbols
# (Watchdog.dbg) stay in the build stage. No build servers: nothing reuses them, and under buildah's chroot
# isolation they outlive the build step.
RUN dotnet publish src/Watchdog/Watchdog.csproj -c Release -r linux-x64 -p:PublishAot=true -o /app --no-restore \
      --disable-build-servers \
 && rm -f /app/*.dbg /app/*.pdb \
 && { [ -e /app/appsettings.json ] || cp appsettings.json /app/; }

# ---------------------------------------------------------------------------------------------
# The runtime needs a shell: the command provider runs its templates (List, Current, Rollback,
# SetVariable, stabilization commands) through /bin/sh, and the HEALTHCHECK below uses bash.
# runtime-deps is the same Ubuntu base as the aspnet image without the .NET runtime (the native build needs none).
# The brief for this file assumed a Debian base; for .NET 10 the default tag is Ubuntu 24.04
# ("noble") and no Debian images are published. Noble has /bin/sh (dash) and bash as well, so
# it serves. Do NOT switch to a -chiseled or distroless tag: they have no shell at all.
FROM ${RUNTIME_IMAGE} AS runtime
WORKDIR /app
COPY --from=build /app ./

# The journal lives on /data. It must be owned by the runtime user before VOLUME is declared
# (changes made after VOLUME are discarded), and a fresh named volume copies this ownership.
# APP_UID (1654, user "app") is defined by the .NET images; numeric so that Kubernetes'
# runAsNonRoot can check it.
RUN mkdir -p /data && chown "$APP_UID:$APP_UID" /data && chmod 0750 /data

# ASPNETCORE_HTTP_PORTS is preset to 8080 by the .NET images; it is cleared so that Kestrel does
# not warn about URLS overriding it.
ENV Watchdog__DataDirectory=/data \
    ASPNETCORE_URLS=http://0.0.0.0:8080 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1

VOLUME ["/data"]
EXPOSE 8080
USER $APP_UID

# The image has neither curl nor wget. bash's /dev/tcp sends `GET /healthz` to the port that
# ASPNETCORE_URLS names (8080 if it names none) and passes only on an HTTP status line of 200.
# Change the port with ASPNETCORE_URLS, not --urls, so that this check follows it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "p=${ASPNETCORE_URLS%%;*}; p=${p##*:}; p=${p%%/*}; [[ $p =~ ^[0-9]+$ ]] || p=8080; exec 3<>/dev/tcp/127.0.0.1/$p || exit 1; printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3; read -r -t 4 proto status _ <&3 || exit 1; [[ $proto == HTTP/1.? && $status == 200 ]]"]

ENTRYPOINT ["/app/Watchdog"]
CMD ["run"]
