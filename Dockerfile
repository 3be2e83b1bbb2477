# Passage: one image for both processes.
#   api (default):  node dist/apps/api/src/main.js
#   worker:         node dist/apps/worker/src/main.js   (docker-compose.yml overrides the command)
#
#   docker build -t passage .
#
# Configuration comes from the environment at run time (libs/config/passage-config.ts); nothing secret is
# baked into the image. See docker-compose.yml and deploy/README.md.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile TypeScript and bundle the workflows, then drop dev dependencies ----
FROM ${NODE_IMAGE} AS builder
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# Dependencies first, so source edits reuse this layer. No install script is needed (Temporal's core
# bridge and swc ship prebuilt binaries; the packages with scripts only print banners, send telemetry or
# re-check their binaries), so they are skipped whatever the npm version's default.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts

COPY . .
# `npm run build` = tsc + dist/workflow-bundle.js (a non-deterministic workflow import fails here).
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime

# CJK font for certificate PDFs (libs/certificate-document/cjk-font.ts finds
# /usr/share/fonts/truetype/wqy/wqy-microhei.ttc; PASSAGE_CJK_FONT overrides).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-wqy-microhei \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    CERTIFICATE_SIGNING_KEY_FILE=/app/.data/keys/certificate-signing.pem

# Application files stay root-owned (read-only for the process); only /app/.data is writable.
COPY --from=builder /app/package.json /app/package-lock.json ./
COPY --from=builder /app/node_modules ./node_modules
COPY --from=builder /app/dist ./dist

# /app/.data holds the certificate signing key file when CERTIFICATE_SIGNING_KEY_PEM is not given.
# Created here owned by `node`, so a fresh named volume mounted on it inherits that ownership.
RUN mkdir -p /app/.data/keys \
 && chown -R node:node /app/.data \
 && chmod 700 /app/.data /app/.data/keys

USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
