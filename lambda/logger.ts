import { Logger } from '@aws-lambda-powertools/logger';

/** One structured logger for the runtime; every decision and action is one line through it. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'untagged-resource-janitor' });
