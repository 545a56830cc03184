# syntax=docker/dockerfile:1
#
# One image for the dossier API and the job workers; docker-compose.camunda.yml picks the command.
# TypeScript runs through tsx (a runtime dependency, `node --import tsx`), so the image carries the
# sources exactly as the repository has them and node stays the main process (signals reach it).
#
#   docker build -t dossier-digitization .
#   docker run … dossier-digitization                                        # API (default)
#   docker run … dossier-digitization node --import tsx workers/index.ts     # job workers

ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# --- production dependencies only ------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# --- runtime -----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# fonts-dejavu-core: Vietnamese-capable fallback font for generated PDFs (core/pdf/font.ts)
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json tsconfig.json ./
COPY --chown=node:node core ./core
COPY --chown=node:node api ./api
COPY --chown=node:node workers ./workers
COPY --chown=node:node bpmn ./bpmn
COPY --chown=node:node forms ./forms
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "api/server.ts"]
