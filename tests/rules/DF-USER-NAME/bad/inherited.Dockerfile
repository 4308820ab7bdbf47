FROM node:20 AS base
USER node
FROM base
CMD ["node"]
