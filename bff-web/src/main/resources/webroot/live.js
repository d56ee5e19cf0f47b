// Live purchase updates over the SockJS event-bus bridge: the user's own address only, their token in the
// registration's headers. EventBus comes from /vendor/vertx-eventbus.js.

/** The user id (the token's subject), for the address the bridge lets this user listen on. */
function userIdOf(token) {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(payload)).sub;
}

export const live = {
  bus: null,
  listeners: new Set(),
  get open() { return this.bus !== null && this.bus.state === EventBus.OPEN; },

  connect(token) {
    this.disconnect();
    const bus = new EventBus('/eventbus');
    bus.enableReconnect(true);
    bus.onopen = () => {
      bus.registerHandler(`campus.user.${userIdOf(token)}`, { Authorization: `Bearer ${token}` }, (error, message) => {
        if (!error) this.listeners.forEach((listener) => listener(message.body));
      });
    };
    bus.onerror = () => {}; // a refused registration (expired token) leaves the page on its fallback
    this.bus = bus;
  },

  disconnect() {
    if (this.bus) this.bus.close();
    this.bus = null;
  },

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  },
};
