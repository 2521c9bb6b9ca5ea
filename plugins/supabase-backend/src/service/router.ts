import express from 'express';
import Router from 'express-promise-router';

/** Translates HTTP to the plugin's services; holds no logic of its own. */
export async function createRouter(): Promise<express.Router> {
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  return router;
}
