import { ConnectedSocket, MessageBody, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { REALTIME_NAMESPACE, RealtimeEvents, RealtimeSubscribeAck } from '@mailpulse/contracts';
import type { Namespace, Socket } from 'socket.io';
import { ConnectionRecheck } from './connection-recheck.service';
import { LiveStreamService } from './live-stream.service';
import { RealtimeAccessService } from './realtime-access.service';
import { RealtimePublisher } from './realtime.publisher';
import { RealtimeRefusal } from './realtime.refusal';

/** The live stream's socket.io namespace: checks each connection's credential, routes subscribe/unsubscribe. */
@WebSocketGateway({ namespace: REALTIME_NAMESPACE })
export class LiveGateway implements OnGatewayInit<Namespace> {
  constructor(
    private readonly access: RealtimeAccessService,
    private readonly stream: LiveStreamService,
    private readonly publisher: RealtimePublisher,
    private readonly recheck: ConnectionRecheck,
  ) {}

  afterInit(nsp: Namespace): void {
    nsp.use((socket, next) => {
      this.access.authenticate({ headers: socket.handshake.headers, auth: socket.handshake.auth as Record<string, unknown> }).then(
        (viewer) => {
          socket.data['viewer'] = viewer;
          next();
        },
        (err: Error) => next(connectError(err)),
      );
    });
    this.stream.attach(nsp);
    this.publisher.attach(nsp);
    this.recheck.attach(nsp);
  }

  @SubscribeMessage(RealtimeEvents.subscribe)
  subscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<RealtimeSubscribeAck> {
    return this.stream.join(socket, body);
  }

  @SubscribeMessage(RealtimeEvents.unsubscribe)
  unsubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<unknown> {
    return this.stream.leave(socket, body);
  }
}

/** The client's `connect_error`: the message in words, `data` with the code and field. */
function connectError(err: Error): Error {
  if (!(err instanceof RealtimeRefusal)) return Object.assign(new Error('The live stream could not check the credential; try again'), { data: { code: 'unavailable' } });
  return Object.assign(new Error(err.message), { data: err.toError() });
}
