import { endpointReach } from './endpoints';

describe('endpointReach', () => {
  it('takes an Ingress host for public', () => {
    expect(endpointReach('https://shop.example.com/rest/v1')).toEqual({
      kind: 'public',
      url: 'https://shop.example.com/rest/v1',
    });
  });

  it('takes a Service DNS name for inside the cluster, with the port-forward that reaches it', () => {
    expect(endpointReach('http://shop-kong.team-a.svc:8000/rest/v1')).toEqual({
      kind: 'cluster',
      url: 'http://shop-kong.team-a.svc:8000/rest/v1',
      namespace: 'team-a',
      service: 'shop-kong',
      port: 8000,
      portForward: 'kubectl -n team-a port-forward svc/shop-kong 8000:8000',
      localUrl: 'http://localhost:8000/rest/v1',
    });
  });

  it('knows the cluster domain and forwards a privileged port to an unprivileged one', () => {
    const reach = endpointReach('http://shop-kong.team-a.svc.cluster.local');
    expect(reach).toMatchObject({
      kind: 'cluster',
      port: 80,
      portForward: 'kubectl -n team-a port-forward svc/shop-kong 8080:80',
      localUrl: 'http://localhost:8080',
    });
  });

  it('leaves what is not a URL alone', () => {
    expect(endpointReach('not a url')).toEqual({
      kind: 'public',
      url: 'not a url',
    });
  });
});
