# ftpsight's image: `docker run --rm -v /path/to/logs:/logs:ro IMAGE scan /logs`.
# Holds exactly what `npm pack` ships (dist, pipelines, dashboards, detections, samples), with the production dependencies
# of package-lock.json, and runs as the unprivileged "node" user. The ship registry goes to /var/lib/ftpsight:
# mount a volume there to keep it. Another Node.js 20+ base with npm and a "node" user (UID 1000) can be
# chosen with --build-arg NODE_IMAGE=...
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Dependencies first: this layer is reused until package.json or the lockfile change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
# prepack builds dist/; the package is then unpacked in /app and given only its production dependencies.
RUN npm pack --pack-destination /tmp \
  && mkdir /app \
  && tar -xzf /tmp/ftpsight-*.tgz -C /app --strip-components=1 \
  && cp package-lock.json /app/ \
  && cd /app \
  && npm ci --omit=dev --no-audit --no-fund --ignore-scripts \
  && rm package-lock.json

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
  XDG_STATE_HOME=/var/lib
COPY --from=build /app /opt/ftpsight
COPY docker/ftpsight.sh /usr/local/bin/ftpsight
# XDG_STATE_HOME=/var/lib puts ship's default registry at /var/lib/ftpsight/registry.json. A named volume mounted
# there (or on /logs, where docker-compose.yml has `ftpsight samples` write) starts with this folder's owner, so
# the "node" user can write it.
RUN mkdir -p /var/lib/ftpsight /logs && chown node:node /var/lib/ftpsight /logs
USER node
WORKDIR /var/lib/ftpsight
ENTRYPOINT ["ftpsight"]
CMD ["--help"]
