# syntax=docker/dockerfile:1
# The Hongfan app as a container image (docs/deploy.md). Two stages: the first installs every
# package and builds, the second carries the built app and the runtime packages only.
#
#   docker build -t hongfan:local .
#   docker run --init -p 3000:3000 -e DATABASE_URL=postgres://… -e HF_ISSUER_KEK=… hongfan:local
#
# Not built on the machine this was written on (it has no Docker engine): docs/deploy.md says what
# was checked there instead.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# npm ci runs the project's postinstall (patch-package): the patches must be there first.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
# The production build (Remix + Vite into build/), then the development packages go. The server is
# started with tsx (a runtime dependency), not from a bundle, and nothing on its path imports a
# development package (vite only in --dev). `npm prune` keeps the patched files patch-package wrote.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
# ffmpeg/ffprobe check, remux and cut poster frames of uploaded media (docs/decisions/022; Debian's
# maintained build, as .ci/run installs). No fonts: certificate PDFs embed Noto Sans SC from the npm
# package @expo-google-fonts/noto-sans-sc, and charts are SVG the browser renders; fonts-noto-cjk is
# only for the test suite's browser screenshots. postgresql-client (15 on bookworm, the server's
# major): pg_dump / pg_restore for `npm run backup` and `npm run restore` run in the container.
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ffmpeg postgresql-client \
  && rm -rf /var/lib/apt/lists/*

# The app runs as its own user; its files belong to root and are read-only to it. What it writes
# (the embedded database when DATABASE_URL is unset, unfinished tus uploads, local files when no S3
# bucket is set, the issuer-kek file when HF_ISSUER_KEK is unset) goes to DATA_DIR, a volume.
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/hongfan --create-home --shell /usr/sbin/nologin hongfan
WORKDIR /app
COPY --from=build /app /app

ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/var/lib/hongfan
VOLUME ["/var/lib/hongfan"]
USER hongfan
EXPOSE 3000

# /readyz: the database answers, its migrations are this build's, the LISTEN link is up, the instance
# is not shutting down (server/readiness.ts). No curl in the slim image: Node's fetch.
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# The server itself, not `npm start`: that one installs and builds when it finds the tree out of date
# (scripts/ensure.mjs), which an image must never do at start. SIGTERM reaches Node directly
# (graceful shutdown, server/index.ts: up to 15 s, so give `docker stop -t 30` / compose
# stop_grace_period 30s); run with --init (compose: `init: true`) so ffmpeg children are reaped.
CMD ["node", "--import", "tsx", "server/index.ts"]
