// the sign-in page says why it is shown again
const q = new URLSearchParams(location.search);
const m = document.getElementById('message');
if (q.has('error')) { m.textContent = 'That user name and password do not match. Try again.'; m.className = 'badge bad'; }
if (q.has('locked')) { m.textContent = 'Too many failed sign-ins: wait 15 minutes, then try again.'; m.className = 'badge bad'; }
if (q.has('logout')) { m.textContent = 'You are signed out.'; m.className = 'badge ok'; }
