"""A small model server for the route tests: answers GET with "ok" (saying so when an Authorization header came
along), POST with the length of the body, and echoes WebSocket messages on /echo, text as
text and binary as binary. Runs with the tornado of the tests' Jupyter environment: echo.py ADDRESS PORT."""
import sys

import tornado.ioloop
import tornado.web
import tornado.websocket


class Echo(tornado.websocket.WebSocketHandler):
    def check_origin(self, origin):
        return True

    def on_message(self, message):
        self.write_message(message, binary=isinstance(message, bytes))


class Ok(tornado.web.RequestHandler):
    def get(self):
        self.write("ok" if "Authorization" not in self.request.headers else "ok, with an Authorization header")

    def post(self):
        self.write(str(len(self.request.body)))


app = tornado.web.Application([(r"/echo", Echo), (r"/.*", Ok)], websocket_ping_interval=0)
app.listen(int(sys.argv[2]), address=sys.argv[1])
print("listening", flush=True)
tornado.ioloop.IOLoop.current().start()
