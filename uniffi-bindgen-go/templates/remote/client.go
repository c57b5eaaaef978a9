// The remote transport: every call goes to a uniffi-go-host process that has loaded the Rust
// library, over one socket, in the protocol docs/remote.md describes. Frames carry the same bytes
// the cgo transport hands to the library.

// uniffiRemoteCur is the connection to the host that calls go to. The first is made when the
// package is loaded; when one ends, the next call that names no object of it makes a new one
// (at most one attempt a second). Objects live in the host that made them: their handles carry
// the number of their connection (its epoch) in bits 48-62, so a call on an object of a connection
// that ended fails instead of reaching another host, where the same value may name another object.
var uniffiRemoteCur atomic.Pointer[uniffiClient]

// uniffiRemoteInFlight counts the async calls awaiting their future, over every connection.
var uniffiRemoteInFlight atomic.Int64
{%- if runtime.has_go_impls %}

// uniffiRemoteGoHandles counts the handles to Go values Rust holds, and uniffiRemoteCallbacks the
// Rust calls of Go methods still running: while either is above zero, Rust may call Go at any
// time, so the socket is read even with no call in flight.
var (
	uniffiRemoteGoHandles atomic.Int64
	uniffiRemoteCallbacks atomic.Int64
)
{%- endif %}

// uniffiLoadErr is set when the host cannot be reached or serves a library that does not match
// these bindings. Every call reports it.
var uniffiLoadErr = uniffiStart()

func uniffiStart() error {
	c := uniffiConnect(1)
	uniffiRemoteCur.Store(c)
	if err := c.err(); err != nil {
		return err
	}
	return c.checkAPI()
}

// uniffiReconnect guards making a new connection.
var uniffiReconnect struct {
	sync.Mutex
	last time.Time
}

// uniffiVTables are the Go methods Rust can call, by their registration function, registered
// again on every new connection.
var uniffiVTables struct {
	sync.Mutex
	m map[uint32][]func(uint64, *uniffiReader)
}

// uniffiConn is the connection for a call that names no object: the current one, or, when that
// ended, a new one.
func uniffiConn() *uniffiClient {
	c := uniffiRemoteCur.Load()
	if !c.ended() || uniffiLoadErr != nil {
		return c
	}
	uniffiReconnect.Lock()
	defer uniffiReconnect.Unlock()
	if c = uniffiRemoteCur.Load(); !c.ended() || time.Since(uniffiReconnect.last) < time.Second {
		return c
	}
	uniffiReconnect.last = time.Now()
	n := uniffiConnect(c.epoch%0x7fff + 1)
	if n.err() != nil {
		return c
	}
	if err := n.checkAPI(); err != nil {
		n.fail(err)
		return c
	}
	uniffiVTables.Lock()
	for initFn := range uniffiVTables.m {
		n.call(uniffiNewRequest(initFn))
	}
	uniffiVTables.Unlock()
	{%- if runtime.has_go_impls %}
	// Rust's handles to Go values died with the host.
	{%- for f in foreign_types %}
	{%- if let Some(g) = f.go_impl %}
	{{ g.handles }}.reset()
	{%- endif %}
	{%- endfor %}
	{%- endif %}
	uniffiRemoteCur.Store(n)
	return n
}

{%- if runtime.has_go_impls %}

// uniffiServe registers the Go side of a vtable, then asks the host to give Rust its vtable.
func uniffiServe(initFn uint32, methods []func(uint64, *uniffiReader)) {
	uniffiVTables.Lock()
	if uniffiVTables.m == nil {
		uniffiVTables.m = make(map[uint32][]func(uint64, *uniffiReader))
	}
	uniffiVTables.m[initFn] = methods
	uniffiVTables.Unlock()
	uniffiRemoteCur.Load().call(uniffiNewRequest(initFn))
}
{%- endif %}

// uniffiHandle is an object handle as Go holds it: Rust's (even) handles carry their connection's
// epoch in bits 48-62, which the requests that send them back strip and check.
type uniffiHandle uint64

// uniffiUntag is the handle Rust gave: without the epoch, for Rust's own (even) handles.
func uniffiUntag(h uint64) uint64 {
	if h&1 == 0 {
		return h &^ (0x7fff << 48)
	}
	return h
}

// uniffiRemoteFunctions names, in the order of the handshake, the C functions this package calls;
// a request names one by its index.
var uniffiRemoteFunctions = [...]string{
{%- for f in info.functions %}
	"{{ f }}",
{%- endfor %}
}

const (
	uniffiRemoteMaxFrame     = 64 << 20
	uniffiMsgHello           = 0x01
	uniffiMsgCall            = 0x02
	uniffiMsgCancel          = 0x03
	uniffiMsgCallbackResult  = 0x05
	uniffiMsgHelloOK         = 0x81
	uniffiMsgResult          = 0x82
	uniffiMsgCallback        = 0x84
	uniffiMsgCallbackDropped = 0x86
	uniffiMsgHelloErr        = 0xC1
)

// uniffiConnect connects to the host named by the environment and checks that the library it
// serves is the build these bindings were generated from. UNIFFI_GO_REMOTE_{{ info.env_suffix }}
// (or UNIFFI_GO_REMOTE) names a running host: the path of its Unix socket (unix:PATH or a bare
// path), or tls://HOST:PORT for TCP with TLS (uniffiDialTLS); otherwise the package starts a host
// of its own, the program UNIFFI_GO_HOST (uniffi-go-host on PATH by default) serving the library
// UNIFFI_GO_LIBRARY_{{ info.env_suffix }} (or UNIFFI_GO_LIBRARY): its path, or the directory
// holding lib{{ info.link_name }}.so (.dylib on macOS).
func uniffiConnect(epoch uint64) *uniffiClient {
	c := &uniffiClient{epoch: epoch, pending: make(map[uint64]chan uniffiAnswer)}
	conn, err := uniffiDialHost()
	if err == nil {
		c.conn = conn
		if err = c.hello(); err != nil {
			conn.Close()
		}
	}
	if err != nil {
		c.broken = &InternalError{Message: "remote mode: " + err.Error()}
		c.done.Store(true)
		return c
	}
	return c
}

func uniffiEnv(name string) string {
	v, _ := uniffiEnvVar(name)
	return v
}

// uniffiEnvVar is uniffiEnv that also says which variable the value came from, for errors.
func uniffiEnvVar(name string) (value, from string) {
	if v := os.Getenv(name + "_{{ info.env_suffix }}"); v != "" {
		return v, name + "_{{ info.env_suffix }}"
	}
	return os.Getenv(name), name
}

func uniffiDialHost() (net.Conn, error) {
	if addr, from := uniffiEnvVar("UNIFFI_GO_REMOTE"); addr != "" {
		return uniffiDialRunning(addr, from)
	}
	library := uniffiEnv("UNIFFI_GO_LIBRARY")
	if library == "" {
		return nil, errors.New("set UNIFFI_GO_LIBRARY_{{ info.env_suffix }} (or UNIFFI_GO_LIBRARY) to the {{ namespace }} library's path, or UNIFFI_GO_REMOTE to a running host (a socket path or tls://HOST:PORT)")
	}
	if st, err := os.Stat(library); err == nil && st.IsDir() {
		suffix := ".so"
		if runtime.GOOS == "darwin" {
			suffix = ".dylib"
		}
		library = filepath.Join(library, "lib{{ info.link_name }}"+suffix)
	}
	host := os.Getenv("UNIFFI_GO_HOST")
	if host == "" {
		host = "uniffi-go-host"
	}
	// A connected pair: the host inherits one end, so no path exists that anyone else could open,
	// and it exits when this process's end closes.
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	syscall.CloseOnExec(fds[0])
	syscall.CloseOnExec(fds[1])
	ours, theirs := os.NewFile(uintptr(fds[0]), "uniffi-host"), os.NewFile(uintptr(fds[1]), "uniffi-host")
	defer theirs.Close()
	defer ours.Close()
	cmd := exec.Command(host, "serve", "--library", library, "--fd", "3")
	cmd.ExtraFiles = []*os.File{theirs}
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = cmd.Wait() }()
	return net.FileConn(ours)
}

// uniffiDialRunning connects to a running host at addr, the value of the variable from: a Unix
// socket (unix:PATH or a path) or TCP with TLS (tls://HOST:PORT). TCP without TLS is refused: the
// host serves TCP only over TLS, to clients with a certificate it trusts.
func uniffiDialRunning(addr, from string) (net.Conn, error) {
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		return net.Dial("unix", path)
	}
	scheme, rest, hasScheme := strings.Cut(addr, "://")
	switch {
	case hasScheme && scheme == "tls":
		return uniffiDialTLS(rest, from)
	case hasScheme && (scheme == "tcp" || scheme == "tcp4" || scheme == "tcp6"):
		return nil, errors.New(from + "=" + addr + ": TCP needs TLS: use tls://" + rest + " with UNIFFI_GO_TLS_CA, UNIFFI_GO_TLS_CERT and UNIFFI_GO_TLS_KEY")
	case hasScheme:
		return nil, errors.New(from + "=" + addr + ": unknown scheme " + strconv.Quote(scheme) + ": use unix:PATH, a socket path, or tls://HOST:PORT")
	}
	if _, port, err := net.SplitHostPort(addr); err == nil && !strings.Contains(addr, "/") {
		if _, err := strconv.ParseUint(port, 10, 16); err == nil {
			return nil, errors.New(from + "=" + addr + ": a TCP address needs TLS: use tls://" + addr + " with UNIFFI_GO_TLS_CA, UNIFFI_GO_TLS_CERT and UNIFFI_GO_TLS_KEY (or unix:" + addr + " for a socket of that name)")
		}
	}
	return net.Dial("unix", addr)
}

// uniffiDialTLS connects to a host at hostPort over TCP with TLS 1.3. UNIFFI_GO_TLS_CA is the
// PEM file of the CA that signed the host's certificate, which must name HOST; UNIFFI_GO_TLS_CERT
// and UNIFFI_GO_TLS_KEY are the PEM files of this client's certificate, signed by a CA the host
// was given with --client-ca, and its key. Each may carry the suffix _{{ info.env_suffix }} too.
func uniffiDialTLS(hostPort, from string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(hostPort)
	if err != nil {
		return nil, errors.New(from + "=tls://" + hostPort + ": want tls://HOST:PORT: " + err.Error())
	}
	caFile, caVar := uniffiEnvVar("UNIFFI_GO_TLS_CA")
	certFile, certVar := uniffiEnvVar("UNIFFI_GO_TLS_CERT")
	keyFile, keyVar := uniffiEnvVar("UNIFFI_GO_TLS_KEY")
	for _, f := range [...]struct{ file, name, what string }{
		{caFile, caVar, "the PEM file of the CA that signed the host's certificate"},
		{certFile, certVar, "the PEM file of this client's certificate, signed by a CA the host trusts"},
		{keyFile, keyVar, "the PEM file of this client's private key"},
	} {
		if f.file == "" {
			return nil, errors.New(from + "=tls://" + hostPort + " needs " + f.name + "_{{ info.env_suffix }} (or " + f.name + "): " + f.what)
		}
	}
	caPEM, err := os.ReadFile(caFile)
	if err != nil {
		return nil, errors.New(caVar + ": " + err.Error())
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		return nil, errors.New(caVar + ": " + caFile + " holds no PEM certificate")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, errors.New(certVar + ", " + keyVar + ": " + err.Error())
	}
	dialer := &tls.Dialer{
		NetDialer: &net.Dialer{Timeout: 30 * time.Second},
		Config: &tls.Config{
			MinVersion:   tls.VersionTLS13,
			RootCAs:      roots,
			Certificates: []tls.Certificate{cert},
			ServerName:   host,
		},
	}
	conn, err := dialer.Dial("tcp", hostPort)
	if err != nil {
		return nil, errors.New(from + "=tls://" + hostPort + ": " + err.Error())
	}
	return conn, nil
}

// checkAPI is the load check of the cgo transport, made through the host.
func (c *uniffiClient) checkAPI() error {
	version := uniffiCallOn[uint32](c, uniffiNewRequest({{ info.contract_version_fn }}))
	if version.status.code != 0 {
		return uniffiStatusError(version.status, nil)
	}
	if version.value != {{ info.contract_version }} {
		return &InternalError{Message: "the {{ namespace }} library the host loaded implements uniffi contract version " +
			strconv.Itoa(int(version.value)) + ", these bindings version {{ info.contract_version }}: build the library and generate the bindings with the same uniffi release"}
	}
	changed := ""
	for i, sum := range uniffiRemoteChecksums {
		res := uniffiCallOn[uint16](c, uniffiNewRequest(sum.fn))
		if res.status.code != 0 {
			return uniffiStatusError(res.status, nil)
		}
		if res.value != sum.want {
			if changed != "" {
				changed += ", "
			}
			changed += uniffiChecksumNames[i]
		}
	}
	if changed == "" {
		return nil
	}
	return &InternalError{Message: "the {{ namespace }} library the host loaded is not the build these bindings were generated from: " +
		changed + " changed; regenerate the bindings from the library it loads"}
}

// uniffiRemoteChecksums are the checksum functions and the values the generator saw.
var uniffiRemoteChecksums = [...]struct {
	fn   uint32
	want uint16
}{
{%- for (index, want) in info.checksums %}
	{ {{- index }}, {{ want -}} },
{%- endfor %}
}

// uniffiClient is one connection to the host. Calls from many goroutines share it: each waits
// for the answer with its own id.
type uniffiClient struct {
	conn    net.Conn
	wmu     sync.Mutex // one frame at a time
	mu      sync.Mutex
	nextID  uint64
	pending map[uint64]chan uniffiAnswer
	broken  error // why the connection ended, once it has
	// done is set with broken: calls check it without taking mu.
	done atomic.Bool
	// reading is set while a goroutine reads the socket: a caller waiting for its own answer,
	// or the read loop (see send).
	reading bool
	// number is the connection's number on the host, which Go handles carry in bits 48-62.
	number uint16
	// epoch counts the package's connections (1, 2, ...); Rust handles carry it in bits 48-62.
	epoch uint64
}

// ended reports whether the connection is over.
func (c *uniffiClient) ended() bool {
	return c.done.Load()
}

// err is why the connection ended, or nil.
func (c *uniffiClient) err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.broken
}

// call makes a call whose answer does not matter beyond its status.
func (c *uniffiClient) call(q *uniffiRequest) {
	uniffiCallOn[struct{}](c, q)
}

// uniffiAnswerCallback answers a call Rust made to a Go method, by its callId.
func uniffiAnswerCallback[T uniffiValue](c *uniffiClient, callID uint64, st uniffiStatus, v T) {
	q := &uniffiRequest{buf: make([]byte, 13, 64)}
	q.buf[4] = uniffiMsgCallbackResult
	q.i8(st.code)
	if st.code == 0 {
		switch v := any(v).(type) {
		case int8:
			q.i8(v)
		case uint8:
			q.u8(v)
		case int16:
			q.i16(v)
		case uint16:
			q.u16(v)
		case int32:
			q.i32(v)
		case uint32:
			q.u32(v)
		case int64:
			q.i64(v)
		case uint64:
			q.u64(v)
		case uniffiHandle:
			q.u64(uniffiUntag(uint64(v)))
		case float32:
			q.f32(v)
		case float64:
			q.f64(v)
		case []byte:
			q.bytes(v)
		}
	} else {
		q.bytes(st.errorBuf)
	}
	binary.BigEndian.PutUint32(q.buf, uint32(len(q.buf)-4))
	binary.BigEndian.PutUint64(q.buf[5:], callID)
	c.wmu.Lock()
	_, _ = c.conn.Write(q.buf)
	c.wmu.Unlock()
}

// callback runs a call Rust made to a Go method. A method's function starts it on a goroutine
// of its own, as the read loop must go on reading (the method may call Rust, whose answer arrives
// here), but registers an async call before returning: a CALLBACK_DROPPED read next must find it.
func (c *uniffiClient) callback(callID uint64, body []byte) error {
	r := &uniffiReader{buf: body, conn: c}
	if len(body) < 6 {
		return errors.New("a short callback")
	}
	vtable := uniffiDecode[uint32](r)
	method := uniffiDecode[uint16](r)
	uniffiVTables.Lock()
	methods := uniffiVTables.m[vtable]
	uniffiVTables.Unlock()
	if int(method) >= len(methods) {
		return errors.New("a callback to an unknown method")
	}
	// free and clone (methods 0 and 1) run here: handle-map updates, in order with the frames
	// around them (a RESULT that follows a free must find the handle gone, as in cgo mode).
	methods[method](callID, r)
	return nil
}

// uniffiAnswer is a RESULT: uniffi's call status code and the rest of the body.
type uniffiAnswer struct {
	code int8
	body []byte
}

func (c *uniffiClient) hello() error {
	q := &uniffiRequest{buf: make([]byte, 4, 256)}
	q.buf = append(q.buf, uniffiMsgHello, 0, 0, 0, 0, 0, 0, 0, 0)
	q.u32(0x55474F52).u16(1).str("{{ package_name }}").u32(uint32(len(uniffiRemoteFunctions)))
	for _, f := range uniffiRemoteFunctions {
		q.str(f)
	}
	binary.BigEndian.PutUint32(q.buf, uint32(len(q.buf)-4))
	if _, err := c.conn.Write(q.buf); err != nil {
		return err
	}
	kind, _, body, err := uniffiReadFrame(c.conn)
	if err != nil {
		return errors.New("the host did not answer the handshake: " + err.Error())
	}
	switch kind {
	case uniffiMsgHelloOK:
		if len(body) < 4 {
			return errors.New("a short handshake answer")
		}
		c.number = binary.BigEndian.Uint16(body[2:4])
		return nil
	case uniffiMsgHelloErr:
		r := uniffiReader{buf: body}
		return errors.New("the host refused these bindings: " + uniffiRemoteString(&r))
	default:
		return errors.New("the host answered the handshake with message type " + strconv.Itoa(int(kind)))
	}
}

// uniffiReadFrame reads one frame: its type, id and body.
func uniffiReadFrame(conn net.Conn) (kind byte, id uint64, body []byte, err error) {
	var head [13]byte
	if _, err = io.ReadFull(conn, head[:4]); err != nil {
		return
	}
	n := binary.BigEndian.Uint32(head[:4])
	if n < 9 || n > uniffiRemoteMaxFrame {
		return 0, 0, nil, errors.New("a frame of " + strconv.Itoa(int(n)) + " bytes")
	}
	if _, err = io.ReadFull(conn, head[4:13]); err != nil {
		return
	}
	body = make([]byte, n-9)
	if _, err = io.ReadFull(conn, body); err != nil {
		return
	}
	return head[4], binary.BigEndian.Uint64(head[5:13]), body, nil
}

// readOne reads one frame and delivers it: a RESULT to the channel of its call, a CALLBACK to
// the Go method. False when the connection ended.
func (c *uniffiClient) readOne() bool {
	kind, id, body, err := uniffiReadFrame(c.conn)
	if err != nil {
		c.fail(err)
		return false
	}
	switch {
	case kind == uniffiMsgCallback:
		if err := c.callback(id, body); err != nil {
			c.fail(err)
			return false
		}
		return true
	case kind == uniffiMsgCallbackDropped:
		{%- if runtime.has_host_calls %}
		uniffiHostCalls.dropped(uniffiHostCallKey(c, id))
		{%- endif %}
		return true
	case kind != uniffiMsgResult || len(body) < 1:
		c.fail(errors.New("unexpected message type " + strconv.Itoa(int(kind))))
		return false
	}
	c.mu.Lock()
	ch, ok := c.pending[id]
	delete(c.pending, id)
	c.mu.Unlock()
	if ok {
		ch <- uniffiAnswer{code: int8(body[0]), body: body[1:]}
	}
	return true
}

// mustRead reports whether a frame may come: an answer to a call in flight{% if runtime.has_go_impls %}, or a call from Rust
// to a Go value it holds{% endif %}. The caller holds c.mu.
func (c *uniffiClient) mustRead() bool {
	return c.broken == nil && (len(c.pending) > 0{% if runtime.has_go_impls %} || uniffiRemoteGoHandles.Load() > 0 || uniffiRemoteCallbacks.Load() > 0{% endif %})
}

// readLoop reads while a frame may come, then stops; the next call reads again.
func (c *uniffiClient) readLoop() {
	for {
		c.mu.Lock()
		if !c.mustRead() {
			c.reading = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		if !c.readOne() {
			return
		}
	}
}

// readFor reads, as the caller that sent the request of ch, until that request's answer has
// arrived; then it leaves the reading to a read loop if more frames may come.
func (c *uniffiClient) readFor(ch chan uniffiAnswer) {
	for len(ch) == 0 {
		if !c.readOne() {
			break
		}
	}
	c.mu.Lock()
	if c.mustRead() {
		go c.readLoop()
	} else {
		c.reading = false
	}
	c.mu.Unlock()
}

// fail ends the connection: every call in flight, and every later one, gets an error saying why.
func (c *uniffiClient) fail(err error) {
	c.mu.Lock()
	if c.broken == nil {
		c.broken = errors.New("the connection to the {{ namespace }} host ended: " + err.Error())
		c.done.Store(true)
	}
	pending := c.pending
	c.pending = make(map[uint64]chan uniffiAnswer)
	c.mu.Unlock()
	c.conn.Close()
	for _, ch := range pending {
		ch <- uniffiAnswer{code: -1}
	}
	{%- if runtime.has_host_calls %}
	uniffiHostCalls.abandon(c)
	{%- endif %}
}

// uniffiAnswerChans are answer channels to reuse: each gets exactly one answer per call (the
// read loop or fail takes it out of pending before sending), which the caller has taken before
// it puts the channel back.
var uniffiAnswerChans = sync.Pool{New: func() any { return make(chan uniffiAnswer, 1) }}

// send writes a request under a new id and returns the channel its answer arrives on, which the
// caller puts back in uniffiAnswerChans once it has the answer. The request goes back to
// uniffiRequests.
//
// When no goroutine reads the socket, someone must: with mayRead the caller itself (reads is
// true: it calls readFor, and its answer arrives with no hand-over between goroutines, which on
// a call that takes microseconds is a large share); otherwise a read loop starts.
func (c *uniffiClient) send(q *uniffiRequest, mayRead bool) (id uint64, ch chan uniffiAnswer, reads bool, err error) {
	c.mu.Lock()
	if c.broken != nil {
		err := c.broken
		c.mu.Unlock()
		return 0, nil, false, err
	}
	ch = uniffiAnswerChans.Get().(chan uniffiAnswer)
	c.nextID++
	id = c.nextID
	c.pending[id] = ch
	if !c.reading {
		c.reading = true
		if reads = mayRead; !reads {
			go c.readLoop()
		}
	}
	c.mu.Unlock()
	binary.BigEndian.PutUint32(q.buf, uint32(len(q.buf)-4))
	binary.BigEndian.PutUint64(q.buf[5:], id)
	c.wmu.Lock()
	_, err = c.conn.Write(q.buf)
	c.wmu.Unlock()
	if err != nil {
		c.fail(err)
	}
	q.release()
	return id, ch, reads, nil
}

// answer turns what arrived on a call's channel into a status and the value's bytes.
func (c *uniffiClient) answer(a uniffiAnswer) (uniffiStatus, []byte) {
	if a.code < 0 {
		c.mu.Lock()
		err := c.broken
		c.mu.Unlock()
		return uniffiStatus{code: 2, errorBuf: []byte(err.Error())}, nil
	}
	if a.code == 0 {
		return uniffiStatus{conn: c}, a.body
	}
	r := uniffiReader{buf: a.body}
	return uniffiStatus{code: a.code, errorBuf: uniffiRemoteBytes(&r), conn: c}, nil
}

// uniffiStatus is uniffi's RustCallStatus as the host reports it.
type uniffiStatus struct {
	code     int8
	errorBuf []byte
	// conn is the connection that answered, whose objects the values hold.
	conn *uniffiClient
}

// uniffiResult is what a call returned: its status and, when that is 0, its value.
type uniffiResult[T uniffiValue] struct {
	status uniffiStatus
	value  T
}

// uniffiValue is every type of value a C function returns.
type uniffiValue interface {
	struct{} | int8 | uint8 | int16 | uint16 | int32 | uint32 | int64 | uint64 | uniffiHandle | float32 | float64 | []byte
}

// uniffiCall makes one call and waits for its answer.
func uniffiCall[T uniffiValue](q *uniffiRequest) (res uniffiResult[T]) {
	c, err := q.conn()
	if err != nil {
		res.status = uniffiStatus{code: 2, errorBuf: []byte(err.Error())}
		return res
	}
	return uniffiCallOn[T](c, q)
}

// uniffiCallOn makes one call over c.
func uniffiCallOn[T uniffiValue](c *uniffiClient, q *uniffiRequest) (res uniffiResult[T]) {
	_, ch, reads, err := c.send(q, true)
	if err != nil {
		res.status = uniffiStatus{code: 2, errorBuf: []byte(err.Error())}
		return res
	}
	if reads {
		c.readFor(ch)
	}
	a := <-ch
	uniffiAnswerChans.Put(ch)
	var body []byte
	res.status, body = c.answer(a)
	if res.status.code == 0 {
		r := uniffiReader{buf: body, conn: c}
		res.value = uniffiDecode[T](&r)
	}
	return res
}

// conn is the connection a request goes to: the one of the objects it names, or any.
func (q *uniffiRequest) conn() (*uniffiClient, error) {
	if q.mixed {
		return nil, &InternalError{Message: "objects of two connections to the {{ namespace }} host in one call"}
	}
	if q.epoch == 0 {
		return uniffiConn(), nil
	}
	c := uniffiRemoteCur.Load()
	if c.epoch != q.epoch || c.ended() {
		return nil, &InternalError{Message: "the object belongs to a connection to the {{ namespace }} host that ended"}
	}
	return c, nil
}
{%- if !future_suffixes.is_empty() %}

// uniffiCallAsync calls an async function: the host awaits the future and answers when it is
// complete. When ctx is done first the host is asked to cancel it, and the answer, cancelled or
// not, is still awaited, so nothing is left behind.
func uniffiCallAsync[T uniffiValue](ctx context.Context, q *uniffiRequest) (res uniffiResult[T]) {
	c, err := q.conn()
	if err != nil {
		res.status = uniffiStatus{code: 2, errorBuf: []byte(err.Error())}
		return res
	}
	// The caller watches ctx while it waits, so a read loop reads for it.
	id, ch, _, err := c.send(q, false)
	if err != nil {
		res.status = uniffiStatus{code: 2, errorBuf: []byte(err.Error())}
		return res
	}
	uniffiRemoteInFlight.Add(1)
	defer uniffiRemoteInFlight.Add(-1)
	var a uniffiAnswer
	select {
	case a = <-ch:
	case <-ctx.Done():
		cancel := &uniffiRequest{buf: make([]byte, 13)}
		cancel.buf[4] = uniffiMsgCancel
		binary.BigEndian.PutUint32(cancel.buf, 9)
		binary.BigEndian.PutUint64(cancel.buf[5:], id)
		c.wmu.Lock()
		_, _ = c.conn.Write(cancel.buf)
		c.wmu.Unlock()
		a = <-ch
	}
	uniffiAnswerChans.Put(ch)
	var body []byte
	res.status, body = c.answer(a)
	if res.status.code == 0 {
		r := uniffiReader{buf: body, conn: c}
		res.value = uniffiDecode[T](&r)
	}
	return res
}

// uniffiFutureError is uniffiStatusError for a completed future, which may also report that it
// was cancelled because ctx was done.
func uniffiFutureError(ctx context.Context, st uniffiStatus, liftErr func(*uniffiReader) error) error {
	if st.code == 3 {
		if err := ctx.Err(); err != nil {
			return err
		}
		return context.Canceled
	}
	return uniffiStatusError(st, liftErr)
}
{%- endif %}

// uniffiDecode reads a value of type T, as the protocol encodes it, and moves past it. A value
// cut short is the host's fault: it reads as zero.
func uniffiDecode[T uniffiValue](r *uniffiReader) (v T) {
	b := r.buf[r.pos:]
	switch p := any(&v).(type) {
	case *int8:
		if len(b) >= 1 {
			*p = int8(b[0])
		}
		r.pos++
	case *uint8:
		if len(b) >= 1 {
			*p = b[0]
		}
		r.pos++
	case *int16:
		if len(b) >= 2 {
			*p = int16(binary.BigEndian.Uint16(b))
		}
		r.pos += 2
	case *uint16:
		if len(b) >= 2 {
			*p = binary.BigEndian.Uint16(b)
		}
		r.pos += 2
	case *int32:
		if len(b) >= 4 {
			*p = int32(binary.BigEndian.Uint32(b))
		}
		r.pos += 4
	case *uint32:
		if len(b) >= 4 {
			*p = binary.BigEndian.Uint32(b)
		}
		r.pos += 4
	case *float32:
		if len(b) >= 4 {
			*p = math.Float32frombits(binary.BigEndian.Uint32(b))
		}
		r.pos += 4
	case *int64:
		if len(b) >= 8 {
			*p = int64(binary.BigEndian.Uint64(b))
		}
		r.pos += 8
	case *uint64:
		if len(b) >= 8 {
			*p = binary.BigEndian.Uint64(b)
		}
		r.pos += 8
	case *uniffiHandle:
		if len(b) >= 8 {
			h := binary.BigEndian.Uint64(b)
			if h&1 == 0 && h != 0 && r.conn != nil {
				h |= r.conn.epoch << 48
			}
			*p = uniffiHandle(h)
		}
		r.pos += 8
	case *float64:
		if len(b) >= 8 {
			*p = math.Float64frombits(binary.BigEndian.Uint64(b))
		}
		r.pos += 8
	case *[]byte:
		*p = uniffiRemoteBytes(r)
	}
	r.pos = min(r.pos, len(r.buf))
	return v
}

// uniffiRemoteBytes reads a length-prefixed byte string.
func uniffiRemoteBytes(r *uniffiReader) []byte {
	if len(r.buf)-r.pos < 4 {
		return nil
	}
	n := int(int32(binary.BigEndian.Uint32(r.buf[r.pos:])))
	r.pos += 4
	if n < 0 || n > len(r.buf)-r.pos {
		r.pos = len(r.buf)
		return nil
	}
	b := r.buf[r.pos : r.pos+n : r.pos+n]
	r.pos += n
	return b
}

func uniffiRemoteString(r *uniffiReader) string {
	return string(uniffiRemoteBytes(r))
}

// uniffiRequest is a CALL frame being written: its length and id are filled in when it is sent.
type uniffiRequest struct {
	buf []byte
	// epoch is the connection of the objects the request names (0: none); mixed is set when
	// they come from two.
	epoch uint64
	mixed bool
}

// handle writes an object handle: Rust's own without the epoch, which names the connection the
// request must go to.
func (q *uniffiRequest) handle(h uint64) *uniffiRequest {
	if h&1 == 0 && h>>48 != 0 {
		e := h >> 48
		if q.epoch != 0 && q.epoch != e {
			q.mixed = true
		}
		q.epoch = e
	}
	return q.u64(uniffiUntag(h))
}

// uniffiRequests are requests to reuse: send puts one back once it is written.
var uniffiRequests = sync.Pool{New: func() any { return &uniffiRequest{buf: make([]byte, 0, 64)} }}

func uniffiNewRequest(fn uint32) *uniffiRequest {
	q := uniffiRequests.Get().(*uniffiRequest)
	q.buf = append(q.buf[:0], 0, 0, 0, 0, uniffiMsgCall, 0, 0, 0, 0, 0, 0, 0, 0)
	q.buf = binary.BigEndian.AppendUint32(q.buf, fn)
	return q
}

// release gives a written request back for reuse, unless its buffer grew large (a big string
// argument), which is left to the collector.
func (q *uniffiRequest) release() {
	if cap(q.buf) <= 4096 {
		q.epoch, q.mixed = 0, false
		uniffiRequests.Put(q)
	}
}

func (q *uniffiRequest) u8(v uint8) *uniffiRequest {
	q.buf = append(q.buf, v)
	return q
}

func (q *uniffiRequest) i8(v int8) *uniffiRequest { return q.u8(uint8(v)) }

func (q *uniffiRequest) boolean(v bool) *uniffiRequest {
	if v {
		return q.u8(1)
	}
	return q.u8(0)
}

func (q *uniffiRequest) u16(v uint16) *uniffiRequest {
	q.buf = binary.BigEndian.AppendUint16(q.buf, v)
	return q
}

func (q *uniffiRequest) i16(v int16) *uniffiRequest { return q.u16(uint16(v)) }

func (q *uniffiRequest) u32(v uint32) *uniffiRequest {
	q.buf = binary.BigEndian.AppendUint32(q.buf, v)
	return q
}

func (q *uniffiRequest) i32(v int32) *uniffiRequest { return q.u32(uint32(v)) }

func (q *uniffiRequest) u64(v uint64) *uniffiRequest {
	q.buf = binary.BigEndian.AppendUint64(q.buf, v)
	return q
}

func (q *uniffiRequest) i64(v int64) *uniffiRequest { return q.u64(uint64(v)) }

func (q *uniffiRequest) f32(v float32) *uniffiRequest { return q.u32(math.Float32bits(v)) }

func (q *uniffiRequest) f64(v float64) *uniffiRequest { return q.u64(math.Float64bits(v)) }

func (q *uniffiRequest) str(v string) *uniffiRequest {
	q.buf = binary.BigEndian.AppendUint32(q.buf, uint32(len(v)))
	q.buf = append(q.buf, v...)
	return q
}

func (q *uniffiRequest) bytes(v []byte) *uniffiRequest {
	q.buf = binary.BigEndian.AppendUint32(q.buf, uint32(len(v)))
	q.buf = append(q.buf, v...)
	return q
}

// lengthPrefixed is a Vec<u8> argument: the buffer holds the serialized vector, its own length
// first.
func (q *uniffiRequest) lengthPrefixed(v []byte) *uniffiRequest {
	q.buf = binary.BigEndian.AppendUint32(q.buf, uint32(len(v)+4))
	return q.bytes(v)
}

// uniffiStatusError turns a failed call's status into an error.
func uniffiStatusError(st uniffiStatus, liftErr func(*uniffiReader) error) error {
	switch st.code {
	case 1:
		if liftErr != nil {
			r := uniffiReader{buf: st.errorBuf, conn: st.conn}
			return liftErr(&r)
		}
		return &InternalError{Message: "the library returned an error these bindings do not declare"}
	case 2:
		if len(st.errorBuf) == 0 {
			return &InternalError{Message: "Rust panicked"}
		}
		return &InternalError{Message: string(st.errorBuf)}
	default:
		return &InternalError{Message: "unexpected call status " + strconv.Itoa(int(st.code))}
	}
}

// uniffiChecksumNames names the Rust item behind each API checksum, and its C function.
var uniffiChecksumNames = [...]string{
{%- for name in checksum_names %}
	"{{ name }}",
{%- endfor %}
}
