import type { FastifyInstance } from 'fastify';
import { healthRoutes } from './health.js';
import { homeRoutes } from './home.js';
import { requirementRoutes } from './requirements.js';
import { tenderRoutes } from './tenders.js';
import { thresholdRoutes } from './thresholds.js';
import { aboutRoutes } from './about.js';
import { statusRoutes } from './status.js';
import { calendarRoutes } from './calendar.js';
import { feedRoutes } from './feeds.js';
import { subscriptionRoutes } from './subscriptions/index.js';
import { csvRoutes } from './csv.js';
import { firmRegisterRoutes } from './firm-register.js';
import { firmAccountRoutes } from './firms/index.js';
import { interestRoutes } from './firms/interest.js';
import { overviewRoutes } from './firms/overview.js';
import { embedRoutes } from './embed.js';
import { localFiguresRoutes } from './local-figures.js';

export async function publicRoutes(app: FastifyInstance) {
  await app.register(healthRoutes);
  await app.register(homeRoutes);
  await app.register(tenderRoutes);
  await app.register(thresholdRoutes);
  await app.register(requirementRoutes);
  await app.register(aboutRoutes);
  await app.register(statusRoutes);
  await app.register(feedRoutes);
  await app.register(calendarRoutes);
  await app.register(subscriptionRoutes);
  await app.register(csvRoutes);
  await app.register(firmRegisterRoutes);
  await app.register(firmAccountRoutes);
  await app.register(interestRoutes);
  await app.register(overviewRoutes);
  await app.register(embedRoutes);
  await app.register(localFiguresRoutes);
}
